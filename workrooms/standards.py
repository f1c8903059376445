"""The building standards shipped ready to use. Deployments add their own in the admin."""

READY_STANDARDS = {
    "六有": {
        "description": "党代表工作室“六有”建设标准：有标识、有制度、有公示、有场所、有记录、有保障。",
        "items": [
            ("有标识", "统一悬挂门牌、主题标识和党代表信息公示牌。"),
            ("有制度", "党代表接待、轮值接访、诉求办理等工作制度上墙。"),
            ("有公示", "公示驻室党代表名单、值班安排表和联系方式。"),
            ("有场所", "依托现有办公场所，有固定的接待场地。"),
            ("有记录", "接待、处理、回复、反馈全程有记录，建立党代表工作台账。"),
            ("有保障", "配备必要办公设施和经费保障。"),
        ],
    },
    "五有": {
        "description": "党代表工作室“五有”创建标准：有固定场所、有统一标识、有服务主题、"
        "有联络人员、有活动记录。",
        "items": [
            ("有固定场所", "整合资源、一室多用、共建共享，有固定的活动和接待场所。"),
            ("有统一标识", "统一制作悬挂工作室标识。"),
            ("有服务主题", "围绕“传党音、听民意、解民忧、促和谐”确定服务主题。"),
            ("有联络人员", "明确一名干部担任工作室联络员，负责联络服务工作。"),
            ("有活动记录", "接待和活动情况有完整记录。"),
        ],
    },
}


def install_ready_standards(standard_model, item_model) -> None:
    """Create or complete the shipped standards; items already there are left as they are."""
    for name, spec in READY_STANDARDS.items():
        standard, _created = standard_model.objects.get_or_create(
            name=name, defaults={"description": spec["description"]}
        )
        for position, (item_name, requirement) in enumerate(spec["items"], start=1):
            item_model.objects.get_or_create(
                standard=standard,
                name=item_name,
                defaults={"position": position, "requirement": requirement},
            )

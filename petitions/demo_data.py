"""What the demo requests (``petitions.demo``) are made of: the matters residents bring
(subject, request, what was done, what they were told, the usual triage), the channels they
come by, and invented residents with their compounds and phone numbers."""

from typing import NamedTuple

from core.demo import GIVEN, SURNAMES
from petitions.models import Category, Channel, Triage


class Matter(NamedTuple):
    category: str
    title: str
    content: str
    result: str
    answer: str
    triage: str


# (category, subject, what the resident asks, what was done, what the resident was told, triage)
# "{place}" is a compound of the workroom's area, "{n}" a building number.
SPOT, LIMITED, REFER = Triage.ON_THE_SPOT, Triage.TIME_LIMITED, Triage.REFER_UP
# fmt: off
ROWS = [
    (Category.TRAFFIC, "小区门口停车难", "{place}晚上下班后周边无处停车，车辆乱停占用消防通道，希望协调周边单位夜间开放停车场。", "协调辖区两家单位夜间向居民开放停车位60个，交警部门施划临时停车线。", "已告知居民夜间可凭停车证在两家单位停车。", LIMITED),
    (Category.TRAFFIC, "学校门口上下学拥堵", "{place}旁小学放学时段车辆拥堵，孩子过马路不安全，希望增设护学岗。", "联系交警中队和学校，放学时段增设护学岗，家长志愿者协助疏导。", "已电话告知护学岗自下周一起设立。", LIMITED),
    (Category.TRAFFIC, "路口缺少红绿灯", "{place}东侧路口车流量大，没有信号灯，老人过马路很危险。", "报区交通运输局和交警大队，经现场勘查列入今年信号灯增设计划。", "已告知居民信号灯已列入增设计划，施工前会张贴公告。", REFER),
    (Category.TRAFFIC, "共享单车乱停堵塞人行道", "{place}门口共享单车堆放，占用盲道和人行道。", "约谈三家共享单车企业，划定停放区并安排专人每日清理。", "已回复居民停放区已划定，每天有人清理。", LIMITED),
    (Category.PROPERTY, "电梯频繁故障", "{place}{n}号楼电梯一个月内停运三次，楼里老人上下楼困难，希望督促物业维修。", "约谈物业公司，联系维保单位更换曳引机部件，市场监管部门复检合格。", "已上门告知电梯已修复并通过检验。", LIMITED),
    (Category.PROPERTY, "物业费上涨未公示", "{place}物业突然上调物业费，未经业主大会讨论，也没有公示收支明细。", "组织业委会、物业公司、社区召开协调会，物业公开近两年收支，调价暂缓。", "已在协调会上当面答复，收支明细已在公示栏张贴。", LIMITED),
    (Category.PROPERTY, "楼道堆放杂物", "{place}{n}号楼楼道长期堆放纸箱和旧家具，存在消防隐患。", "社区网格员联合物业逐户提醒，集中清理楼道杂物。", "已告知居民楼道已清理完毕。", LIMITED),
    (Category.PROPERTY, "小区路灯不亮", "{place}北门到{n}号楼的路灯坏了一个多星期，晚上出行不便。", "联系物业更换损坏灯具8盏。", "已电话告知路灯已修好。", LIMITED),
    (Category.PROPERTY, "二次供水水质发黄", "{place}早上打开水龙头水发黄，怀疑二次供水水箱长期没清洗。", "协调水务公司检测水质并清洗水箱，检测结果合格后公示。", "已将水质检测报告发到小区微信群。", LIMITED),
    (Category.PROPERTY, "老旧小区加装电梯", "{place}{n}号楼是老旧楼房，住户大多是老人，希望加装电梯，想了解政策和流程。", "讲解加装电梯补贴政策，协助住户征求意见，报街道列入改造计划。", "已告知加装电梯的申报流程和补贴标准。", REFER),
    (Category.ELDERLY, "希望开办老年食堂", "{place}老人多，子女白天上班，希望就近开办老年助餐点。", "利用社区闲置用房开办老年助餐点，引入餐饮企业运营，七十岁以上老人享受补贴。", "已告知助餐点开业时间和就餐补贴办法。", REFER),
    (Category.ELDERLY, "老年食堂菜价偏高", "社区老年食堂的菜价比开业时涨了不少，希望保持实惠。", "与运营企业协商推出8元、12元两档套餐，并公示成本。", "已在食堂门口公示新套餐价格。", LIMITED),
    (Category.ELDERLY, "高龄津贴怎么申领", "家里老人今年满八十岁，想了解高龄津贴怎么申请。", "当场讲解申领条件和所需材料。", "已当面告知需带身份证、户口本到社区服务站办理。", SPOT),
    (Category.ELDERLY, "独居老人需要上门服务", "{place}{n}号楼独居老人行动不便，希望有人定期上门看看。", "将老人纳入居家养老服务对象，安排志愿者每周两次上门探访。", "已告知老人子女志愿者上门的时间安排。", LIMITED),
    (Category.EDUCATION, "孩子入学学位紧张", "{place}新建楼盘入住户多，对口小学学位紧张，担心孩子明年上不了学。", "向区教育局反映，对口学校明年增设两个一年级班。", "已告知学位安排和报名时间。", REFER),
    (Category.EDUCATION, "课后托管服务", "双职工家庭下午接孩子困难，希望社区开办课后托管。", "联合学校和社区开设“四点半课堂”，由志愿者和退休教师辅导。", "已告知四点半课堂的报名方式。", LIMITED),
    (Category.EDUCATION, "学区划分政策咨询", "想了解今年学区划分有没有变化。", "当场查询区教育局公布的学区划分方案并讲解。", "已当面讲解，并告知教育局咨询电话。", SPOT),
    (Category.MEDICAL, "社区卫生服务站看病排队久", "社区卫生服务站只有两名医生，上午排队时间长。", "协调区卫健局增派一名全科医生，开通预约挂号。", "已告知可通过电话和小程序预约。", REFER),
    (Category.MEDICAL, "慢性病长处方办理", "高血压需要长期吃药，想知道能不能开长处方。", "当场讲解慢性病长处方政策。", "已告知可在社区卫生服务站办理，最长可开12周用量。", SPOT),
    (Category.EMPLOYMENT, "大龄失业人员求职", "四十多岁失业在家，希望社区帮忙介绍工作。", "登记就业意向，推荐参加街道招聘会，介绍到物业公司做设备维护。", "已电话告知招聘会时间和岗位信息。", LIMITED),
    (Category.EMPLOYMENT, "灵活就业社保补贴咨询", "做网约车司机，想问灵活就业人员有没有社保补贴。", "当场讲解灵活就业社保补贴政策和申请条件。", "已当面告知申请材料和办理窗口。", SPOT),
    (Category.ENVIRONMENT, "垃圾分类点异味扰民", "{place}{n}号楼旁边的垃圾分类点夏天异味大，蚊蝇多。", "协调环卫所增加清运频次，垃圾点每日冲洗消杀，并加装除臭设备。", "已告知居民清运时间调整为每天两次。", LIMITED),
    (Category.ENVIRONMENT, "夜间施工噪音扰民", "{place}附近工地晚上十点后还在施工，影响休息。", "联系城管执法中队夜间巡查，约谈施工单位，夜间施工须办理许可。", "已回复居民施工单位已承诺22点后停工。", LIMITED),
    (Category.ENVIRONMENT, "绿化带被占用种菜", "{place}有住户在绿化带里种菜、堆放杂物。", "社区和物业上门劝导，恢复绿化，开辟一小块共享菜园统一管理。", "已在小区群内通报处理结果。", LIMITED),
    (Category.SAFETY, "电动自行车车棚不够用", "{place}只有一个电动车棚，很多居民把电动车推进楼道、飞线充电，很危险。", "协调物业新建电动自行车充电车棚两处，安装智能充电桩40个。", "已告知新车棚位置和充电收费标准。", LIMITED),
    (Category.SAFETY, "小区监控损坏", "{place}大门和停车场的监控坏了很久，最近有电动车被盗。", "督促物业维修更换监控探头12个，接入社区综治平台。", "已告知监控已恢复。", LIMITED),
    (Category.SAFETY, "窨井盖缺失", "{place}西侧人行道上有个窨井盖丢了，晚上很容易掉进去。", "当天联系市政部门设置警示围挡，次日补装井盖。", "已电话告知井盖已补装。", LIMITED),
    (Category.POLICY, "医保异地就医备案", "子女在外地工作，想把老人接过去住，问医保异地就医怎么备案。", "当场讲解异地就医备案的线上办理方式。", "已当面指导在手机上完成备案。", SPOT),
    (Category.POLICY, "公租房申请条件", "想了解公租房的申请条件和排队情况。", "当场讲解公租房申请条件，提供申请表。", "已当面告知申请材料和受理窗口。", SPOT),
    (Category.OTHER, "希望增设便民理发点", "附近没有便宜的理发店，老人理发不方便。", "联系志愿服务队每月在党群服务中心开展一次义务理发。", "已告知每月第一个周六上午义务理发。", LIMITED),
]
# fmt: on

MATTERS = [Matter(*row) for row in ROWS]

PLACE_SUFFIXES = ["小区", "花园", "新村", "家属院", "公寓", "佳苑"]
CHANNELS = [
    (Channel.VISIT, 45),
    (Channel.PHONE, 15),
    (Channel.WECHAT, 12),
    (Channel.HOUSEHOLD, 10),
    (Channel.MEETING, 6),
    (Channel.ONLINE, 5),
    (Channel.SUGGESTION_BOX, 4),
    (Channel.SMS, 3),
]


def place_in(rng, workroom) -> str:
    name = workroom.area.name
    for suffix in ("街道", "社区", "区", "村", "镇"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name + rng.choice(PLACE_SUFFIXES)


def resident_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def phone_number(rng) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def progress_note(rng) -> str:
    return rng.choice(
        [
            "已联系相关单位，约定现场查看时间。",
            "已与物业公司沟通，物业承诺本周内处理。",
            "已上报街道相关科室，等待答复。",
            "代表已现场走访，了解具体情况。",
            "已电话回访居民，说明办理进度。",
        ]
    )

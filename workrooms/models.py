from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from accounts.scope import ScopedQuerySet


class AreaKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    TOWN = "town", _("Town")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    GRID = "grid", _("Grid")
    COMPOUND = "compound", _("Residential compound")
    BUILDING = "building", _("Building")


class AreaQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    scope_path_field = "path"


class AreaManager(MP_NodeManager):
    def get_queryset(self):
        return AreaQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user, **kwargs):
        return self.get_queryset().visible_to(user, **kwargs)


class Area(MP_Node):
    """A node of the organisation tree: district → subdistrict/town → community/village → ..."""

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("level"), max_length=20, choices=AreaKind.choices)
    # Administrative division code or any stable key; the demo and imports find areas by it.
    code = models.CharField(_("code"), max_length=32, unique=True)

    objects = AreaManager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name

    @property
    def full_name(self) -> str:
        """The name with its ancestors, e.g. 雁塔区 / 小寨路街道 / 兴善寺社区."""
        names = [a.name for a in Area.objects.get_ancestors(self)] + [self.name]
        return " / ".join(names)


class WorkroomLevel(models.TextChoices):
    DISTRICT = "district", _("District workroom")
    SUBDISTRICT = "subdistrict", _("Subdistrict / town workroom")
    COMMUNITY = "community", _("Community / village workroom")


LEVEL_FOR_AREA_KIND = {
    AreaKind.PROVINCE: WorkroomLevel.DISTRICT,
    AreaKind.CITY: WorkroomLevel.DISTRICT,
    AreaKind.DISTRICT: WorkroomLevel.DISTRICT,
    AreaKind.SUBDISTRICT: WorkroomLevel.SUBDISTRICT,
    AreaKind.TOWN: WorkroomLevel.SUBDISTRICT,
}


class ChecklistStandard(models.Model):
    """A published building standard for workrooms, e.g. "六有" or "五有"; deployments add theirs."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("workroom standard")
        verbose_name_plural = _("workroom standards")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    standard = models.ForeignKey(
        ChecklistStandard,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("standard"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("item"), max_length=40)
    requirement = models.TextField(_("requirement"), blank=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["standard", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "name"], name="checklist_item_unique_name"),
        ]

    def __str__(self):
        return self.name


class WorkroomQuerySet(ScopedQuerySet):
    scope_path_field = "area__path"


class Workroom(models.Model):
    """A party-representative workroom (党代表工作室), attached to one area."""

    name = models.CharField(_("name"), max_length=80)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="workrooms", verbose_name=_("area")
    )
    level = models.CharField(_("level"), max_length=20, choices=WorkroomLevel.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    reception_hours = models.CharField(_("reception hours"), max_length=200, blank=True)
    service_theme = models.CharField(_("service theme"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    liaison_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="liaison_workrooms",
        verbose_name=_("liaison officers"),
    )
    standard = models.ForeignKey(
        ChecklistStandard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workrooms",
        verbose_name=_("building standard"),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkroomQuerySet.as_manager()

    class Meta:
        verbose_name = _("workroom")
        verbose_name_plural = _("workrooms")
        ordering = ["area__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="workroom_unique_name_in_area"),
        ]
        indexes = [models.Index(fields=["level", "is_active"])]

    def __str__(self):
        return self.name


class ChecklistStatus(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class ChecklistEntryQuerySet(ScopedQuerySet):
    scope_path_field = "workroom__area__path"


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.workroom_id}/{instance.item_id}/{filename}"


class ChecklistEntry(models.Model):
    """A workroom's standing on one standard item, with its evidence and the date checked."""

    workroom = models.ForeignKey(
        Workroom,
        on_delete=models.CASCADE,
        related_name="checklist_entries",
        verbose_name=_("workroom"),
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("item"),
    )
    status = models.CharField(_("status"), max_length=10, choices=ChecklistStatus.choices)
    note = models.TextField(_("evidence note"), blank=True)
    photo = models.ImageField(_("evidence photo"), upload_to=evidence_upload_to, blank=True)
    checked_on = models.DateField(_("date checked"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ChecklistEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        constraints = [
            models.UniqueConstraint(fields=["workroom", "item"], name="checklist_entry_unique"),
        ]

    def __str__(self):
        return f"{self.workroom} · {self.item}"

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        # A partnership's MilestoneCounts follow every write of a milestone. Receivers,
        # not calls in each writer: milestones are written by the admin's forms and
        # inlines, bulk deletes, publication changes, restored versions and approved
        # proposals (the publishing app, which knows nothing of partnerships) and
        # load_demo, and a count that one of them forgot would be wrong in public. Bulk
        # loads that bypass save() call services.milestone_counts_refresh().
        from .models import Milestone

        pre_save.connect(_remember_partnership, sender=Milestone, dispatch_uid="milestone_counts.pre_save")
        post_save.connect(_recount_saved, sender=Milestone, dispatch_uid="milestone_counts.post_save")
        post_delete.connect(_recount_deleted, sender=Milestone, dispatch_uid="milestone_counts.post_delete")


def _remember_partnership(sender, instance, raw=False, **kwargs):
    """A milestone moved to another partnership changes the counts of both."""
    if raw or instance._state.adding:
        instance._counted_in = None
        return
    instance._counted_in = sender.objects.filter(pk=instance.pk).values_list("partnership_id", flat=True).first()


def _recount_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata brings the counts rows with it
        return
    from .services import milestone_counts_update

    milestone_counts_update(partnership_ids=[instance.partnership_id, getattr(instance, "_counted_in", None)])


def _recount_deleted(sender, instance, origin=None, **kwargs):
    from .models import Milestone
    from .services import milestone_counts_update

    # Deleting a partnership deletes its milestones and its counts: nothing to recount.
    model = getattr(origin, "model", type(origin))
    if model is not Milestone:
        return
    milestone_counts_update(partnership_ids=[instance.partnership_id])

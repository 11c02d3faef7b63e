"""The working intervals the time limits of complaints are planned on, kept
per calendar and window of days: every registration plans half a dozen
dates on the company calendar, which changes a few times a year."""

import pytz

from odoo import api, models, tools


def _naive_utc(value):
    return value.astimezone(pytz.utc).replace(tzinfo=None)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _complaint_work_intervals(self, start, stop):
        """(hours per day, working intervals of the calendar, global leaves
        excluded, between the naive UTC datetimes ``start`` and ``stop``)."""
        self.ensure_one()
        return self._complaint_work_intervals_cached(self.id, start, stop)

    @api.model
    @tools.ormcache("calendar_id", "start", "stop")
    def _complaint_work_intervals_cached(self, calendar_id, start, stop):
        # sudo: one answer for every user; a calendar is not confidential.
        calendar = self.sudo().browse(calendar_id)
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(stop)
        )[False]
        return calendar.hours_per_day or 8.0, tuple(
            (_naive_utc(a), _naive_utc(b)) for a, b, _meta in intervals
        )

    def write(self, vals):
        self.env.registry.clear_cache()  # _complaint_work_intervals_cached
        return super().write(vals)


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _complaint_work_intervals_cached
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()  # _complaint_work_intervals_cached
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_clear_complaint_cache(self):
        self.env.registry.clear_cache()  # _complaint_work_intervals_cached


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _clear_complaint_cache(self, vals_list=()):
        """Only global leaves (public holidays, company closures) move the
        working time of a calendar as a whole; a person's leave does not."""
        if any(not leave.resource_id for leave in self) or any(
            not vals.get("resource_id") for vals in vals_list
        ):
            self.env.registry.clear_cache()  # _complaint_work_intervals_cached

    @api.model_create_multi
    def create(self, vals_list):
        self._clear_complaint_cache(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._clear_complaint_cache([vals] if "resource_id" in vals else ())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_clear_complaint_cache(self):
        self._clear_complaint_cache()

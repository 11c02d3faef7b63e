"""Planning on a working calendar, several dates from one read of it.

``resource.calendar.plan_hours`` reads the calendar's attendances and leaves
again at every call; a complaint has half a dozen time limits, each with a
reminder and an escalation date. ``WorkingTime`` reads the working intervals
of a calendar over a window once and walks them, with ``plan_hours`` as the
fallback outside the window."""

from datetime import datetime, time, timedelta

# Around the dates to plan: reminders fall a little before their start, the
# longest default limit with its escalation ends within three weeks. What
# falls outside is planned by plan_hours.
WINDOW_BEFORE = timedelta(days=7)
WINDOW_AFTER = timedelta(days=35)


class WorkingTime:
    def __init__(self, calendar, date_from, date_to):
        """Working intervals of ``calendar`` (global leaves excluded) around
        [date_from, date_to], naive UTC datetimes. The window is whole days,
        so that the registrations of a day share one read of the calendar
        (``resource.calendar._complaint_work_intervals`` keeps it)."""
        self.calendar = calendar
        self.start = datetime.combine((date_from - WINDOW_BEFORE).date(), time.min)
        self.stop = datetime.combine((date_to + WINDOW_AFTER).date(), time.max)
        self.hours_per_day, self.intervals = calendar._complaint_work_intervals(
            self.start, self.stop
        )

    def add_hours(self, value, hours):
        """``value`` plus ``hours`` working hours (minus when negative), as
        ``plan_hours`` counts them."""
        if not self.start <= value <= self.stop:
            return self._fallback(value, hours)
        planned = (
            self._forward(value, hours) if hours >= 0 else self._back(value, -hours)
        )
        return planned or self._fallback(value, hours)

    def _forward(self, value, hours):
        for start, stop in self.intervals:
            if stop <= value:
                continue
            start = max(start, value)
            available = (stop - start).total_seconds() / 3600
            if hours <= available:
                return start + timedelta(hours=hours)
            hours -= available
        return None

    def _back(self, value, hours):
        for start, stop in reversed(self.intervals):
            if start >= value:
                continue
            stop = min(stop, value)
            available = (stop - start).total_seconds() / 3600
            if hours <= available:
                return stop - timedelta(hours=hours)
            hours -= available
        return None

    def add_days(self, value, days):
        return self.add_hours(value, days * self.hours_per_day)

    def _fallback(self, value, hours):
        planned = self.calendar.plan_hours(hours, value, compute_leaves=True)
        return planned and planned.replace(tzinfo=None)

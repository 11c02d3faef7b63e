"""18.0.2.2.0: the cron's indexes hold only what each of its steps acts on
(complaint_deadline.init); the two broader ones they replace go."""


def migrate(cr, version):
    cr.execute("DROP INDEX IF EXISTS complaint_deadline_open_date_remind_idx")
    cr.execute("DROP INDEX IF EXISTS complaint_deadline_open_date_escalate_idx")

from . import test_stage
from . import test_verification
from . import test_refusals
from . import test_access
from . import test_reminders
from . import test_performance
from . import test_tour
from . import test_i18n

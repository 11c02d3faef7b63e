from . import test_repair
from . import test_i18n

from . import test_kit
from . import test_kit_process
from . import test_i18n
from . import test_production_facts

from . import complaint_case_line
from . import complaint_remedy
from . import complaint_case

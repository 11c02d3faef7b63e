from . import complaint_case_line

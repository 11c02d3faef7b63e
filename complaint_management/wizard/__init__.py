from . import complaint_case_reason

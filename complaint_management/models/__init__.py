from . import complaint_stage

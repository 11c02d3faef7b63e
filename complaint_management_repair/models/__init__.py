from . import complaint_remedy

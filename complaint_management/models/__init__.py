from . import complaint_stage
from . import complaint_case
from . import complaint_case_line
from . import sale_order
from . import stock_picking
from . import res_partner
from . import hr_employee

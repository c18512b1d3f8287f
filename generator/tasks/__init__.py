"""What the plan's task list becomes: the tracking workbook, the agencies' sheets, the report."""

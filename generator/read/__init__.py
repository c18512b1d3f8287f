"""The reading side: any .docx → document structure (reader, effective) → rules → report."""

"""依申请公开: disclosure applications from submission to archive, on the statutory clock."""

"""Guifan: 盲人保健按摩机构规范化建设量化分级评定 from application to the self-evaluation report."""

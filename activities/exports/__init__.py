"""Excel exports of activities, one module per subject (``log``, ``wishes``); the course orders,
research reports and talks are written by their pages through ``xlsx``, the workbook kit.
Headers are the Chinese the offices use, whatever the page language.
"""

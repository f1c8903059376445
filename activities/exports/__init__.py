"""Excel exports of activities, one module per subject (``log``, ``wishes``, ``courses``,
``research``, ``liaison``), each a ``core.xlsx.Sheet`` of Chinese headers whose rows are a
generator: ``core.xlsx`` reads them inside its Chinese, so status labels come out in Chinese
whatever the page language.
"""

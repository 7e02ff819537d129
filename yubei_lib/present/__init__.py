"""Presentation: the words in English and Chinese, the theme, the charts, the HTML a page shows."""

"""Item analysis and test statistics (Moodle's quiz statistics formulas), numpy only.

Public API::

    from quizzer.analytics import ResponseSet, analyse, to_json, format_table
    responses = ResponseSet()
    add_database(path, responses); add_csv(path, questions_by_id, responses)  # sources.py
    analysis = analyse(responses.matrix(responses.infer_items(items_from_bank(questions))))
    analyse_scores(matrix)   # the bare statistics of a students x items 0/1 matrix

The formulas are documented in item_analysis.py, the flags in report.py, the input
formats and the first-attempt rule in sources.py and responses.py.
"""

from quizzer.analytics.item_analysis import ItemStatistics, TestStatistics, analyse_scores
from quizzer.analytics.report import ItemAnalysis, analyse, format_table, to_json
from quizzer.analytics.responses import ItemInfo, Response, ResponseSet
from quizzer.analytics.sources import add_csv, add_database, items_from_bank

__all__ = [
    "ItemAnalysis",
    "ItemInfo",
    "ItemStatistics",
    "Response",
    "ResponseSet",
    "TestStatistics",
    "add_csv",
    "add_database",
    "analyse",
    "analyse_scores",
    "format_table",
    "items_from_bank",
    "to_json",
]

"""The checker itself must fail on the faults it exists to catch."""

from .checks import OWN_CHECKS, axe_violations

BAD_PAGE = """<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>
<main><h1>一</h1><h1>二</h1>
<form method="post"><input name="phone" placeholder="电话">
<input type="number" name="n" id="n"><label for="n">数</label>
<input type="radio" name="r" id="r1"><label for="r1">甲</label></form>
<table><tr><th>名称</th></tr><tr><td>某店</td></tr></table></main></body></html>"""


def test_own_checks_report_each_fault(page):
    page.set_content(BAD_PAGE)
    problems = "\n".join(page.evaluate(OWN_CHECKS))
    assert '<html lang="en"> does not start with zh' in problems
    assert "2 h1 elements" in problems
    assert "field phone is labelled only by a placeholder" in problems
    assert "field n uses type=number" in problems
    assert "option r1 is not in a fieldset with a legend" in problems
    assert "a table has no caption" in problems
    assert 'table header "名称" has no scope' in problems
    assert "a form with fields lacks novalidate" in problems


def test_axe_reports_a_field_without_a_label(page):
    page.set_content(
        '<!DOCTYPE html><html lang="zh-Hans"><title>x</title><main><h1>一</h1><input name=a></main>'
    )
    assert any(line.startswith("label ") for line in axe_violations(page))

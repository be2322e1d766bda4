"""A table of records is a list of cards on a phone (USWDS usa-table--stacked): no sideways
scroll, the row's name (its header cell) still shown, each value under its column's name."""

from tests.e2e.conftest import check_accessibility, sign_in
from tests.placements.conftest import make_active_youth


def test_the_youth_list_stacks_at_390_px_with_each_row_named(page, coordinator):
    youth = make_active_youth(by=coordinator, preferred_name="Sky")
    page.set_viewport_size({"width": 390, "height": 900})
    sign_in(page, coordinator)
    page.goto("/youths/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.get_by_role("row").filter(has_text=youth.record_number)
    header = row.get_by_role("rowheader")
    assert header.is_visible() and youth.record_number in header.inner_text()
    # The column's name is drawn above each value (the column headers are hidden on a phone).
    status = row.locator("td[data-label]").first
    label = status.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == f'"{status.get_attribute("data-label")}"'
    assert status.evaluate("cell => getComputedStyle(cell).display") == "block"
    check_accessibility(page)


def test_the_same_list_is_a_table_at_desk_width(page, coordinator):
    make_active_youth(by=coordinator)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, coordinator)
    page.goto("/youths/")
    assert page.get_by_role("columnheader", name="Status").is_visible()
    assert (
        page.locator("td[data-label]").first.evaluate("cell => getComputedStyle(cell).display")
        == "table-cell"
    )

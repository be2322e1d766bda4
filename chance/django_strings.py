"""Django's own words that reach CHANCE's pages, listed so that our catalogues carry them.

Django ships Spanish but no Haitian Creole: month and day names (dates on every page), the form
errors a user meets and the sign-in failure. Listing them here makes ``makemessages`` keep them in
``locale/``, so both languages read the same everywhere. Never called: the list is for extraction.
"""

from django.utils.translation import gettext_noop as N

MONTHS = [
    N("January"),
    N("February"),
    N("March"),
    N("April"),
    N("May"),
    N("June"),
    N("July"),
    N("August"),
    N("September"),
    N("October"),
    N("November"),
    N("December"),
]
MONTHS_3 = [
    N("jan"),
    N("feb"),
    N("mar"),
    N("apr"),
    N("may"),
    N("jun"),
    N("jul"),
    N("aug"),
    N("sep"),
    N("oct"),
    N("nov"),
    N("dec"),
]
WEEKDAYS = [
    N("Monday"),
    N("Tuesday"),
    N("Wednesday"),
    N("Thursday"),
    N("Friday"),
    N("Saturday"),
    N("Sunday"),
]
WEEKDAYS_ABBR = [N("Mon"), N("Tue"), N("Wed"), N("Thu"), N("Fri"), N("Sat"), N("Sun")]
FORM_ERRORS = [
    N("This field is required."),
    N("Enter a valid date."),
    N("Enter a valid date/time."),
    N("Enter a whole number."),
    N("Select a valid choice. %(value)s is not one of the available choices."),
    N(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    N("username"),
]

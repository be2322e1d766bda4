"""The REST API under ``/api/v1/`` for integrations (the state's child-welfare system, report
tools): the same access policy as the pages (``chance.access``), the same actions and validation
as the forms, every youth it returns written to the access log like a page view."""

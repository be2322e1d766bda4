"""Program reports, the 65C-43.002 monthly state report and the printable youth summary.

The top floor of the house: it reads every app through their models and selectors and writes
nothing but access-log rows. Counts respect permissions (scope.py): a clinician's reports cover
their caseload; supervisors and admins see the program; coordinators see program counts without
clinical scores. No report lists a youth by name.
"""

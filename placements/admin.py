# Homes are managed through the coordinators' pages (placements/views.py), where every write goes
# through an audited action; the program admin holds no placement data, so nothing is registered.

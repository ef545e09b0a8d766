"""The network's own administration: members, fees, steering group, meetings, reports."""

"""The simulated phone: device state, Doze, standby and expedited quotas."""

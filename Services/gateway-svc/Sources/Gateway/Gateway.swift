// Gateway service logic

// Runner service logic

// Registry service logic

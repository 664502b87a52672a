// Assets service logic

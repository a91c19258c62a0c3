"""Alert lifecycle: open → decided (true match / false positive / needs info) → approved/closed."""

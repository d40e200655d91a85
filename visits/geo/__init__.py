"""Where families live and how long a visitor travels between two addresses."""

// The Sportrix match card: its element follows.

"""Cards: the catalog every player shares (cards.catalog) and what each user wants (cards.wishlist)."""

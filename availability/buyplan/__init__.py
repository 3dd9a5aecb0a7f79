"""Where to buy a list: the cheapest plan across a user's stores, solved exactly as an integer program.

    eligibility.py  which offers a wanted card accepts (cards.wishlist.wanted's rule, used by everything here)
    solver.py       the integer program (HiGHS) and the "cheapest everywhere" baseline; no Django
    jsonio.py       the JSON shapes of `manage.py buy_plan`; no Django
    userplan.py     a signed-in user's plan from their wishlist, stores and the latest offers
"""

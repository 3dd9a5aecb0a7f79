"""Signals the stores app sends for changes that model signals do not carry."""

from django.dispatch import Signal

# A user's chosen stores changed in bulk (`bulk_create` sends no `post_save`); sent with `user_id`
# after the transaction commits. Receivers: availability/live/wishlist_reply.py.
chosen_stores_changed = Signal()

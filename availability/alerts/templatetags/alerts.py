"""`{% unread_notifications as count %}`: the badge in the navigation bar."""

from django import template

from availability.alerts.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return Notification.unread_count(user.pk)

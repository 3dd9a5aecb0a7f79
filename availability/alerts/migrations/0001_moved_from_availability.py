"""AlertSettings, AlertRule, Notification and Delivery move from the `availability` app to `alerts`:
in Django's state only. Their tables keep their names (`Meta.db_table`: availability_alertsettings,
availability_alertrule, availability_notification, availability_delivery), so no row moves; their
content types follow, with the permissions and admin log entries that point at them."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from lgs_checker.model_moves import moved_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("availability", "0010_time_zone_moved_to_preferences"),
        ("cards", "0002_spec_amounts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("stores", "0001_initial"),
        ("wishlist", "0001_moved_from_cards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AlertRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('enabled', models.BooleanField(default=True, help_text='Alert me about this card.')),
                        ('max_price', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True)),
                        ('max_price_currency', models.CharField(blank=True, help_text='ISO 4217, e.g. USD.', max_length=3)),
                        ('min_condition', models.CharField(blank=True, choices=[('NM', 'Near mint'), ('LP', 'Lightly played'), ('MP', 'Moderately played'), ('HP', 'Heavily played'), ('DMG', 'Damaged')], max_length=5)),
                        ('language', models.CharField(blank=True, max_length=40)),
                        ('finish', models.CharField(blank=True, choices=[('nonfoil', 'Non-foil'), ('foil', 'Foil'), ('etched', 'Etched foil')], max_length=10)),
                        ('needs_full_amount', models.BooleanField(blank=True, null=True)),
                        ('tracked_card', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert_rule', to='wishlist.trackedcard')),
                    ],
                    options={
                        'db_table': 'availability_alertrule',
                    },
                ),
                migrations.CreateModel(
                    name='AlertSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('enabled', models.BooleanField(default=False, help_text='Alert me when my cards come in stock or drop in price at my stores.')),
                        ('enabled_at', models.DateTimeField(blank=True, editable=False, null=True)),
                        ('max_price', models.DecimalField(blank=True, decimal_places=2, help_text='Only at this price or less.', max_digits=10, null=True)),
                        ('max_price_currency', models.CharField(blank=True, help_text='ISO 4217, e.g. USD.', max_length=3)),
                        ('min_condition', models.CharField(blank=True, choices=[('NM', 'Near mint'), ('LP', 'Lightly played'), ('MP', 'Moderately played'), ('HP', 'Heavily played'), ('DMG', 'Damaged')], help_text='Only in this condition or better.', max_length=5)),
                        ('language', models.CharField(blank=True, help_text='Only in this language, e.g. English.', max_length=40)),
                        ('finish', models.CharField(blank=True, choices=[('nonfoil', 'Non-foil'), ('foil', 'Foil'), ('etched', 'Etched foil')], max_length=10)),
                        ('needs_full_amount', models.BooleanField(default=False, help_text='Only when the store has as many copies as I want.')),
                        ('frequency', models.CharField(choices=[('immediate', 'As it happens'), ('daily', 'A daily digest')], default='immediate', max_length=10)),
                        ('digest_hour', models.PositiveSmallIntegerField(default=8, help_text='Local hour the daily digest goes out.', validators=[django.core.validators.MaxValueValidator(23)])),
                        ('quiet_start', models.TimeField(blank=True, null=True)),
                        ('quiet_end', models.TimeField(blank=True, null=True)),
                        ('email_enabled', models.BooleanField(default=False, help_text='Email me alerts.')),
                        ('webhook_url', models.URLField(blank=True, help_text='A Discord or Slack webhook (https) to post alerts to.', max_length=500)),
                        ('webhook_enabled', models.BooleanField(default=True, editable=False)),
                        ('webhook_disabled_reason', models.TextField(blank=True, editable=False)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert_settings', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name_plural': 'alert settings',
                        'db_table': 'availability_alertsettings',
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('in_stock', 'In stock'), ('back_in_stock', 'Back in stock'), ('price_drop', 'Price drop'), ('webhook_off', 'Webhook switched off')], max_length=20)),
                        ('text', models.TextField()),
                        ('price', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True)),
                        ('previous_price', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True)),
                        ('currency', models.CharField(blank=True, max_length=3)),
                        ('condition', models.CharField(blank=True, max_length=5)),
                        ('finish', models.CharField(blank=True, max_length=10)),
                        ('quantity', models.PositiveIntegerField(blank=True, null=True)),
                        ('offer_url', models.URLField(blank=True, max_length=1000)),
                        ('stores', models.JSONField(blank=True, default=list)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('card', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cards.card')),
                        ('store', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='stores.store')),
                        ('store_check', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='availability.storecheck')),
                        ('tracked_card', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wishlist.trackedcard')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'availability_notification',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Delivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('email', 'Email'), ('webhook', 'Webhook')], max_length=10)),
                        ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Gave up'), ('cancelled', 'Channel switched off')], default='pending', max_length=10)),
                        ('next_attempt_at', models.DateTimeField(help_text='When it is due: now, after quiet hours, at the digest hour, or a retry.')),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('notification', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='alerts.notification')),
                    ],
                    options={
                        'verbose_name_plural': 'deliveries',
                        'db_table': 'availability_delivery',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['user', '-created_at'], name='notification_user_idx'),
                ),
                migrations.AddConstraint(
                    model_name='notification',
                    constraint=models.UniqueConstraint(condition=models.Q(('store_check__isnull', False)), fields=('user', 'store_check'), name='one_alert_per_user_and_check'),
                ),
                migrations.AddIndex(
                    model_name='delivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='delivery_due_idx'),
                ),
            ],
            database_operations=[],
        ),
        moved_content_types("availability", "alerts", ["alertsettings", "alertrule", "notification", "delivery"]),
    ]

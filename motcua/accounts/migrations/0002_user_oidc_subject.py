from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="oidc_subject",
            field=models.CharField(
                blank=True,
                help_text="Mã `sub` do nhà cung cấp định danh (VNeID) cấp; liên kết tài khoản.",
                max_length=255,
                verbose_name="mã định danh VNeID",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("oidc_subject", ""), _negated=True),
                fields=("oidc_subject",),
                name="user_oidc_subject_unique",
            ),
        ),
    ]

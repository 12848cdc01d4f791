import django_stubs_ext

from .celery import app as celery_app

# Lets the Django classes that django-stubs makes generic be subscripted at run time, as the
# annotations do (`admin.ModelAdmin[User]`, `forms.ModelForm[Family]`). Here rather than in
# settings.py so that every entry point (manage.py, wsgi, asgi, Celery, every settings module)
# runs it before any app module is imported.
django_stubs_ext.monkeypatch()

__all__ = ("celery_app",)

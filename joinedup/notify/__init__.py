"""Email through GOV.UK Notify.

Send with `joinedup.notify.services.notify_email`, naming one of our templates
(`joinedup.notify.templates.TEMPLATES`). The backend chosen by `NOTIFY_BACKEND` either sends
through Notify or renders the template locally, exactly as Notify would, into an outbox.
"""

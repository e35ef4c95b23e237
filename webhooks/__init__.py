"""Webhooks: a signed POST to each configured address when a version of the plan is kept.

The communications adviser adds the receivers' addresses in the admin (Innstillinger →
Webhooks); each gets a secret of ours (Standard Webhooks, `whsec_…`), shown there to be
given to the receiver, never logged. When a kept version (plan_pages.PublishedVersion) of a
public plan has been rendered (archive), the task worker POSTs its data as JSON to every
active address, signed the Standard Webhooks way (webhooks.signing), with a short timeout
and no redirects followed; an attempt that fails is tried again later
(PLANPORTAL_WEBHOOK_RETRY_DELAYS). Each attempt is logged (WebhookDelivery), read-only.

Only public Internet addresses are delivered to, unless PLANPORTAL_WEBHOOK_ALLOW_PRIVATE_ADDRESSES
is set: the host's addresses are resolved before each attempt and a loopback, private,
link-local or reserved one refuses the delivery (it is not retried).
"""

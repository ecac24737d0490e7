from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def user_label(user):
    return mark_safe(f'<span class="user-chip" title="{user.get_full_name()}">{user.username}</span>')


@register.simple_tag
def user_chip(user):
    return format_html('<span class="user-chip" title="{}">{}</span>', user.get_full_name(), user.username)


@register.simple_tag
def tag_list(tags):
    return format_html_join(", ", '<a href="/tags/{}/">{}</a>', ((t.slug, t.name) for t in tags))


@register.filter
def bio_html(profile):
    return mark_safe(profile.bio.replace("\n", "<br>"))


@register.simple_tag
def divider():
    return mark_safe('<hr class="section-divider">')

from flask import g, abort

def delete_project(project):
    if not g.user.is_admin:
        abort(403)
    project.delete()

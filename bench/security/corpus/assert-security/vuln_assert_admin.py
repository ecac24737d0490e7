from flask import g

def delete_project(project):
    assert g.user.is_admin, "admins only"
    project.delete()

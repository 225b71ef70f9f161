"""Background tasks (django-tasks, run by `manage.py db_worker`)."""

from django_tasks import task

from . import jobs


@task()
def run_import_job(job_id: str):
    jobs.run(job_id)

"""catalog: trainings, their sessions, enrollments and waiting lists."""

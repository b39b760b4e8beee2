"""What contributors run to change the dataset: canonical formatting and adding records."""

"""UGD: triase, rekam gawat darurat, disposisi."""

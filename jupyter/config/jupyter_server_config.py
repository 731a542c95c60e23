# Read by JupyterLab (and Notebook 7), both on jupyter_server, when `npm start` puts this folder on
# JUPYTER_CONFIG_PATH. Nothing is installed globally: the learner's own ~/.jupyter config is still read and
# outranks this file.
c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)

# The course kernel as the server's default: JupyterLab's launcher puts it first, and a new notebook opened
# from the File menu starts on it instead of Python.
c.MappingKernelManager.default_kernel_name = "private-clustering-ts"
